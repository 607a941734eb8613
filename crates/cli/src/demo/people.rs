//! Made-up people for the demo's lists: names, identity numbers with their right check
//! character (GB 11643), bank cards that pass Luhn, mobiles. Deterministic, so the
//! demo is the same every time; none belongs to anyone.

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "林", "郑", "欧阳", "谢", "何",
];
const GIVEN: &[&str] = &[
    "秀英", "建国", "桂兰", "志强", "玉梅", "国华", "春生", "丽娟", "德明", "金凤", "永福", "淑珍",
    "海波", "小红", "长林", "美玲",
];

/// The `n`th made-up name.
pub fn name(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n * 7 + 3) % GIVEN.len()]
    )
}

/// An identity number with its check character: `area`, a birth date, a sequence.
pub fn id_number(area: &str, year: i32, month: u32, day: u32, seq: u32) -> String {
    let body = format!("{area}{year:04}{month:02}{day:02}{:03}", seq % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The `n`th person's identity number, born between 1935 and 1994.
pub fn id_of(n: usize) -> String {
    let n32 = n as u32;
    id_number(
        "350721",
        1935 + (n as i32 * 13) % 60,
        1 + n32 % 12,
        1 + (n32 * 5) % 28,
        100 + n32 * 3,
    )
}

/// A bank card number of 19 digits that passes Luhn.
pub fn card_of(n: usize) -> String {
    let body = format!("621799{:012}", 480_000_123_u64 + n as u64 * 7919);
    let mut sum = 0;
    for (i, b) in body.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// A mobile number.
pub fn mobile_of(n: usize) -> String {
    format!("139{:08}", 50_000_000 + n * 1_237)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::pii::{PiiKind, kinds};

    #[test]
    fn the_made_up_numbers_are_found_as_real_ones_would_be() {
        for n in 0..50 {
            assert_eq!(kinds(&id_of(n)), vec![PiiKind::IdNumber], "{}", id_of(n));
            assert_eq!(
                kinds(&card_of(n)),
                vec![PiiKind::BankCard],
                "{}",
                card_of(n)
            );
            assert_eq!(kinds(&mobile_of(n)), vec![PiiKind::Mobile]);
        }
        assert_eq!(name(12), "欧阳丽娟");
    }
}
