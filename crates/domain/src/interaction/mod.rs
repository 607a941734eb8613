//! 互动交流 and 公众参与 (DOMAIN §§14–16): messages to the government and their replies,
//! public consultation on drafts with the adoption feedback, surveys, hearings and
//! forums, the replies to deputies' suggestions and members' proposals, and responses
//! to public concerns.

pub mod concern;
pub mod consultation;
pub mod hearing;
pub mod message;
pub mod proposal;
pub mod survey;
