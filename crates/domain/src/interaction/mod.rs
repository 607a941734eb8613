//! 互动交流 and 公众参与 (DOMAIN §§14–16): messages to the government and their replies,
//! public consultation on drafts with the adoption feedback.

pub mod consultation;
pub mod message;
