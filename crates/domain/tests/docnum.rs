//! 发文字号 parsing (DOMAIN §10): messy real inputs, refusals with their reasons, and the
//! round trips the store and the search index rely on.

use gongkai_domain::docnum::{DocNumber, DocNumberError, Scheme, normalize_query};

use Scheme::{Announcement, Order, Standard};

/// (input, normalized, code, year, serial, scheme)
type Accepted = (
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    u32,
    Scheme,
);

#[rustfmt::skip]
const ACCEPTED: &[Accepted] = &[
    // The standard form, already canonical.
    ("辽政办发〔2020〕13号", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("国办发〔2017〕47号", "国办发〔2017〕47号", "国办发", Some(2017), 47, Standard),
    ("宁政办明电发〔2023〕8号", "宁政办明电发〔2023〕8号", "宁政办明电发", Some(2023), 8, Standard),
    ("高检发释字〔2012〕2号", "高检发释字〔2012〕2号", "高检发释字", Some(2012), 2, Standard),
    // Stray whitespace anywhere: ASCII, U+3000, tabs, newlines, no-break, zero-width, BOM.
    ("豫政办 〔2016〕203号", "豫政办〔2016〕203号", "豫政办", Some(2016), 203, Standard),
    ("豫政办\u{3000}〔2016〕203号", "豫政办〔2016〕203号", "豫政办", Some(2016), 203, Standard),
    (" 豫 政 办 〔 2016 〕 203 号 ", "豫政办〔2016〕203号", "豫政办", Some(2016), 203, Standard),
    ("豫政办\t〔2016〕\n203号\r\n", "豫政办〔2016〕203号", "豫政办", Some(2016), 203, Standard),
    ("豫政办\u{00A0}〔2016〕203号", "豫政办〔2016〕203号", "豫政办", Some(2016), 203, Standard),
    ("\u{FEFF}豫政办\u{200B}〔2016〕203号", "豫政办〔2016〕203号", "豫政办", Some(2016), 203, Standard),
    // Every bracket people use around the year, and mismatched pairs.
    ("晋政办发[2005]28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发(2005)28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发（2005）28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发【2005】28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发［2005］28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发﹝2005﹞28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发〖2005〗28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发〘2005〙28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发{2005}28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发〈2005〉28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发〔2005]28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发(2005〕28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    ("晋政办发〔2005年〕28号", "晋政办发〔2005〕28号", "晋政办发", Some(2005), 28, Standard),
    // Labels left in front.
    ("发文字号：渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("发文字号:渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("文号：渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("文号:渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("文 号 ： 渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("【发文字号】渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("[文号] 渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("发文字号：“渝府发〔2023〕15号”。", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("发文字号\t渝府发〔2023〕15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    // Full-width digits, leading zeros, 第 before the serial, 號, missing 号.
    ("渝府发〔２０２３〕１５号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("渝府发〔2023〕015号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("渝府发〔2023〕0000015号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("渝府发〔2023〕第15号", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("渝府发（2023）第 015 號", "渝府发〔2023〕15号", "渝府发", Some(2023), 15, Standard),
    ("辽政办发〔2020〕13", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("辽政办发[2020]第13", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    // Trailing punctuation, quotes and parentheses around the whole.
    ("辽政办发〔2020〕13号。", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("辽政办发〔2020〕13号；", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("辽政办发〔2020〕13号, ", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("“辽政办发〔2020〕13号”", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("（辽政办发〔2020〕13号）", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    ("(国发〔1993〕21号)", "国发〔1993〕21号", "国发", Some(1993), 21, Standard),
    ("辽政办发〔2020〕13号）", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    // Chinese numerals: a year digit by digit (also with ○ for 〇), a serial with units.
    ("国发〔二〇二〇〕13号", "国发〔2020〕13号", "国发", Some(2020), 13, Standard),
    ("国发〔2020〕十三号", "国发〔2020〕13号", "国发", Some(2020), 13, Standard),
    ("国务院一九八○年275号", "国务院〔1980〕275号", "国务院", Some(1980), 275, Standard),
    // A standard number with its brackets forgotten but the year marked by 年.
    ("辽政办发2020年13号", "辽政办发〔2020〕13号", "辽政办发", Some(2020), 13, Standard),
    // Codes found in the corpus: a parenthesised part; boundary years.
    ("法（研）发〔1987〕32号", "法（研）发〔1987〕32号", "法（研）发", Some(1987), 32, Standard),
    ("法(研)发[1987]32号", "法（研）发〔1987〕32号", "法（研）发", Some(1987), 32, Standard),
    ("国发〔1949〕1号", "国发〔1949〕1号", "国发", Some(1949), 1, Standard),
    ("国发〔2100〕999999号", "国发〔2100〕999999号", "国发", Some(2100), 999_999, Standard),
    // Orders.
    ("省政府令 第193号", "省政府令第193号", "省政府令", None, 193, Order),
    ("辽宁省人民政府令第312号", "辽宁省人民政府令第312号", "辽宁省人民政府令", None, 312, Order),
    ("国务院令第711号", "国务院令第711号", "国务院令", None, 711, Order),
    ("中华人民共和国国务院令 第 711 号", "中华人民共和国国务院令第711号", "中华人民共和国国务院令", None, 711, Order),
    ("国务院令711号", "国务院令第711号", "国务院令", None, 711, Order),
    ("国务院令第711", "国务院令第711号", "国务院令", None, 711, Order),
    ("公安部令第１２５号", "公安部令第125号", "公安部令", None, 125, Order),
    ("深圳市人民政府令（第325号）", "深圳市人民政府令第325号", "深圳市人民政府令", None, 325, Order),
    ("深圳市人民政府令(第325号)", "深圳市人民政府令第325号", "深圳市人民政府令", None, 325, Order),
    ("国务院令（711号）", "国务院令第711号", "国务院令", None, 711, Order),
    ("（国务院令第711号）", "国务院令第711号", "国务院令", None, 711, Order),
    ("中华人民共和国主席令第七十三号", "中华人民共和国主席令第73号", "中华人民共和国主席令", None, 73, Order),
    ("国务院令第七百一十一号", "国务院令第711号", "国务院令", None, 711, Order),
    // The old way, 令 after the number, and joint issuers.
    ("北京市人民政府第12号令", "北京市人民政府令第12号", "北京市人民政府令", None, 12, Order),
    ("（公安部第69号令）", "公安部令第69号", "公安部令", None, 69, Order),
    ("食品药品监管局、海关总署第4号令", "食品药品监管局、海关总署令第4号", "食品药品监管局、海关总署令", None, 4, Order),
    // A numbered document without a year and without 令 (seen as 海关总署第61号).
    ("海关总署第61号", "海关总署第61号", "海关总署", None, 61, Order),
    // Announcements.
    ("国家税务总局公告2015年第80号", "国家税务总局公告2015年第80号", "国家税务总局公告", Some(2015), 80, Announcement),
    ("国家税务总局公告 2015 年 第 80 号", "国家税务总局公告2015年第80号", "国家税务总局公告", Some(2015), 80, Announcement),
    ("国家税务总局公告2015年80号", "国家税务总局公告2015年第80号", "国家税务总局公告", Some(2015), 80, Announcement),
    ("国家税务总局公告〔2015〕80号", "国家税务总局公告2015年第80号", "国家税务总局公告", Some(2015), 80, Announcement),
    ("国家税务总局公告（2015）第080号", "国家税务总局公告2015年第80号", "国家税务总局公告", Some(2015), 80, Announcement),
    ("财政部 税务总局公告2019年第39号", "财政部税务总局公告2019年第39号", "财政部税务总局公告", Some(2019), 39, Announcement),
    ("某市人民政府通告2021年第3号", "某市人民政府通告2021年第3号", "某市人民政府通告", Some(2021), 3, Announcement),
    ("上海市人民政府令2020年第1号", "上海市人民政府令2020年第1号", "上海市人民政府令", Some(2020), 1, Announcement),
    ("公告二〇一五年第八十号", "公告2015年第80号", "公告", Some(2015), 80, Announcement),
    // Year-less announcements of people's congress standing committees (corpus).
    (
        "宁波市人民代表大会常务委员会公告第13号",
        "宁波市人民代表大会常务委员会公告第13号",
        "宁波市人民代表大会常务委员会公告",
        None,
        13,
        Announcement,
    ),
    (
        "浙江省第十二届人民代表大会常务委员会公告第９号",
        "浙江省第十二届人民代表大会常务委员会公告第9号",
        "浙江省第十二届人民代表大会常务委员会公告",
        None,
        9,
        Announcement,
    ),
    (
        "第七届全国人民代表大会第一次会议主席团公告第八号",
        "第七届全国人民代表大会第一次会议主席团公告第8号",
        "第七届全国人民代表大会第一次会议主席团公告",
        None,
        8,
        Announcement,
    ),
];

#[test]
fn messy_forms_parse_to_their_parts_and_normal_form() {
    for &(input, normalized, code, year, serial, scheme) in ACCEPTED {
        let n = DocNumber::parse(input).unwrap_or_else(|e| panic!("{input:?} refused: {e}"));
        assert_eq!(n.normalized(), normalized, "normalized of {input:?}");
        assert_eq!(n.code(), code, "code of {input:?}");
        assert_eq!(n.year(), year, "year of {input:?}");
        assert_eq!(n.serial(), serial, "serial of {input:?}");
        assert_eq!(n.scheme(), scheme, "scheme of {input:?}");
    }
}

#[test]
fn normal_forms_are_fixed_points() {
    for &(input, normalized, ..) in ACCEPTED {
        let again = DocNumber::parse(normalized)
            .unwrap_or_else(|e| panic!("normal form {normalized:?} of {input:?} refused: {e}"));
        assert_eq!(again.normalized(), normalized);
        assert!(again.is_canonical(), "{normalized:?}");
        assert!(again.same_number(&DocNumber::parse(input).unwrap()));
    }
}

#[test]
fn raw_is_kept_verbatim() {
    for &(input, ..) in ACCEPTED {
        assert_eq!(DocNumber::parse(input).unwrap().raw(), input);
    }
    let input = "  发文字号：豫政办 〔2016〕203号。\n";
    let n = DocNumber::parse(input).unwrap();
    assert_eq!(n.raw(), input);
    assert_eq!(n.normalized(), "豫政办〔2016〕203号");
    assert!(!n.is_canonical());
}

#[test]
fn display_and_from_str_agree_with_parse() {
    for &(input, normalized, ..) in ACCEPTED {
        let n: DocNumber = input.parse().unwrap();
        assert_eq!(n.to_string(), normalized);
        assert_eq!(n, DocNumber::parse(input).unwrap());
    }
    assert_eq!(
        "〔20〕13号".parse::<DocNumber>(),
        Err(DocNumberError::MissingCode)
    );
}

#[test]
fn from_parts_rebuilds_the_parsed_number() {
    for &(input, ..) in ACCEPTED {
        let n = DocNumber::parse(input).unwrap();
        let rebuilt = DocNumber::from_parts(
            n.raw().to_owned(),
            n.code().to_owned(),
            n.year(),
            n.serial(),
            n.scheme(),
        );
        assert_eq!(rebuilt, n, "{input:?}");
    }
    let order = DocNumber::from_parts(
        "省政府令 第193号".into(),
        "省政府令".into(),
        None,
        193,
        Order,
    );
    assert_eq!(order.normalized(), "省政府令第193号");
    assert_eq!(order.raw(), "省政府令 第193号");
}

#[test]
fn serde_keeps_parts_and_rederives_the_normal_form() {
    let n = DocNumber::parse(" 晋政办发[2005]28号").unwrap();
    let json = serde_json::to_value(&n).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "raw": " 晋政办发[2005]28号",
            "normalized": "晋政办发〔2005〕28号",
            "code": "晋政办发",
            "year": 2005,
            "serial": 28,
            "scheme": "standard",
        })
    );
    let back: DocNumber = serde_json::from_value(json).unwrap();
    assert_eq!(back, n);

    // A stored canonical form that disagrees with the parts cannot sneak in.
    let tampered: DocNumber = serde_json::from_value(serde_json::json!({
        "raw": "x", "normalized": "伪造〔1999〕1号", "code": "国发",
        "year": null, "serial": 5, "scheme": "order",
    }))
    .unwrap();
    assert_eq!(tampered.normalized(), "国发第5号");

    assert_eq!(serde_json::to_value(Announcement).unwrap(), "announcement");
    assert_eq!(serde_json::to_value(Order).unwrap(), "order");
    assert_eq!(
        serde_json::from_value::<Scheme>("standard".into()).unwrap(),
        Standard
    );
}

fn too_long(extra: usize) -> String {
    // "〔2020〕13号" is 9 characters; the code fills the rest.
    "国".repeat(91 + extra) + "〔2020〕13号"
}

#[test]
fn refusals_name_the_reason() {
    use DocNumberError::*;
    let cases: Vec<(String, DocNumberError)> = vec![
        ("".into(), Empty),
        ("   ".into(), Empty),
        ("\u{3000}\t\n".into(), Empty),
        ("。".into(), Empty),
        ("“”".into(), Empty),
        (too_long(1), TooLong),
        ("国发〔2020〕13号。".repeat(20), TooLong),
        // No issuer code.
        ("〔2020〕13号".into(), MissingCode),
        ("（2005）28号".into(), MissingCode),
        ("第15号".into(), MissingCode),
        ("13号".into(), MissingCode),
        ("发文字号：〔2020〕13号".into(), MissingCode),
        ("2015年第80号".into(), MissingCode),
        // Only a code, or a code and a serial.
        ("辽政办发".into(), MissingYear),
        ("辽政办发13号".into(), MissingYear),
        ("辽政办发〔〕13号".into(), MissingYear),
        ("低保申请条件".into(), MissingYear),
        ("国务院令711".into(), MissingYear),
        ("政府公告 2023".into(), MissingYear),
        // Years.
        ("辽政办发〔20〕13号".into(), TwoDigitYear("20".into())),
        ("辽政办发（05）28号".into(), TwoDigitYear("05".into())),
        (
            "国家税务总局公告15年第80号".into(),
            TwoDigitYear("15".into()),
        ),
        ("辽政办发〔202〕13号".into(), InvalidYear("202".into())),
        ("辽政办发〔20201〕13号".into(), InvalidYear("20201".into())),
        ("辽政办发〔二零〕13号".into(), TwoDigitYear("二零".into())),
        ("辽政办发〔abcd〕13号".into(), InvalidYear("abcd".into())),
        ("辽政办发〔1948〕13号".into(), YearOutOfRange(1948)),
        ("辽政办发〔2101〕13号".into(), YearOutOfRange(2101)),
        ("辽政办发〔0202〕13号".into(), YearOutOfRange(202)),
        ("国家税务总局公告1900年第80号".into(), YearOutOfRange(1900)),
        // Brackets.
        ("辽政办发2020〕13号".into(), MalformedBrackets),
        ("辽政办发〔2020 13号".into(), MalformedBrackets),
        ("辽政办发〕2020〔13号".into(), MalformedBrackets),
        ("（一）国发〔2020〕1号".into(), MalformedBrackets),
        ("（2012）西民四初字第438号".into(), YearBeforeCode),
        ("(〔94〕财税字第089号)".into(), YearBeforeCode),
        ("（1994）财税字第89号".into(), YearBeforeCode),
        // The code.
        (
            "渝府发2023〔15〕号".into(),
            InvalidCode {
                code: "渝府发2023".into(),
                found: '2',
            },
        ),
        (
            "1992年5月29日北京市人民政府第12号令".into(),
            InvalidCode {
                code: "1992年5月29日北京市人民政府".into(),
                found: '1',
            },
        ),
        (
            "GB/T9704〔2012〕1号".into(),
            InvalidCode {
                code: "GB/T9704".into(),
                found: 'G',
            },
        ),
        (
            "发文机关：重庆市人民政府 发文字号：渝府发〔2023〕15号".into(),
            InvalidCode {
                code: "发文机关:重庆市人民政府发文字号:渝府发".into(),
                found: ':',
            },
        ),
        // Serials.
        ("辽政办发〔2020〕号".into(), MissingSerial),
        ("辽政办发〔2020〕".into(), MissingSerial),
        ("辽政办发〔2020〕第号".into(), MissingSerial),
        ("国务院令".into(), MissingSerial),
        ("辽政办发〔2020〕0号".into(), InvalidSerial("0".into())),
        ("辽政办发〔2020〕000号".into(), InvalidSerial("000".into())),
        ("国务院令第〇号".into(), InvalidSerial("〇".into())),
        ("国务院令第十十号".into(), InvalidSerial("十十".into())),
        (
            "辽政办发〔2020〕1000000号".into(),
            SerialTooLarge("1000000".into()),
        ),
        (
            "辽政办发〔2020〕99999999999999999999号".into(),
            SerialTooLarge("99999999999999999999".into()),
        ),
        // What follows the number, and several numbers.
        ("国办发〔2017〕47号文件".into(), TrailingText("文件".into())),
        ("国办发〔2017〕47号文".into(), TrailingText("文".into())),
        (
            "国家税务总局公告2015年第80号（全文废止）".into(),
            TrailingText("(全文废止)".into()),
        ),
        ("国发〔2020〕1号令".into(), TrailingText("令".into())),
        ("国发〔2020〕1号、国发〔2020〕2号".into(), MultipleNumbers),
        ("国发〔2020〕1号 2号".into(), MultipleNumbers),
    ];
    for (input, expected) in cases {
        assert_eq!(DocNumber::parse(&input), Err(expected), "{input:?}");
    }
}

#[test]
fn length_limit_is_one_hundred_characters() {
    let at_limit = too_long(0);
    assert_eq!(at_limit.chars().count(), 100);
    assert_eq!(DocNumber::parse(&at_limit).unwrap().serial(), 13);
    // Surrounding whitespace does not count, characters do (not bytes).
    assert!(DocNumber::parse(&format!("  {at_limit}\n")).is_ok());
    assert_eq!(DocNumber::parse(&too_long(1)), Err(DocNumberError::TooLong));
}

#[test]
fn error_messages_are_chinese_and_specific() {
    use DocNumberError::*;
    let expected = [
        (Empty, "empty", "文号为空"),
        (TooLong, "too_long", "文号过长（超过100个字符）"),
        (
            MissingCode,
            "missing_code",
            "文号缺少发文机关代字，标准格式如“辽政办发〔2020〕13号”",
        ),
        (
            InvalidCode {
                code: "渝府发2023".into(),
                found: '2',
            },
            "invalid_code",
            "发文机关代字“渝府发2023”中有不应出现的字符“2”",
        ),
        (
            MalformedBrackets,
            "malformed_brackets",
            "文号中的括号不完整或位置不对，年份应写在六角括号内，如“〔2020〕”",
        ),
        (
            YearBeforeCode,
            "year_before_code",
            "年份应写在发文机关代字之后，标准格式如“辽政办发〔2020〕13号”",
        ),
        (
            MissingYear,
            "missing_year",
            "文号缺少年份，标准格式如“辽政办发〔2020〕13号”",
        ),
        (
            TwoDigitYear("20".into()),
            "two_digit_year",
            "年份“20”应写全四位",
        ),
        (
            InvalidYear("202".into()),
            "invalid_year",
            "年份“202”无法识别，应写四位数字，如“〔2020〕”",
        ),
        (
            YearOutOfRange(1948),
            "year_out_of_range",
            "年份“1948”超出有效范围（1949—2100年）",
        ),
        (
            MissingSerial,
            "missing_serial",
            "文号缺少序号，标准格式如“辽政办发〔2020〕13号”",
        ),
        (
            InvalidSerial("0".into()),
            "invalid_serial",
            "序号“0”无效，序号必须是正整数",
        ),
        (
            SerialTooLarge("1000000".into()),
            "serial_too_large",
            "序号“1000000”过大",
        ),
        (
            TrailingText("文件".into()),
            "trailing_text",
            "文号后面有多余的文字“文件”，请只填写文号",
        ),
        (
            MultipleNumbers,
            "multiple_numbers",
            "似乎填写了多个文号，请一次只填写一个",
        ),
    ];
    let mut codes = std::collections::HashSet::new();
    for (error, code, message) in expected {
        assert_eq!(error.code(), code);
        assert_eq!(error.to_string(), message);
        assert!(codes.insert(code), "duplicate code {code}");
    }
}

#[test]
fn normalize_query_finds_numbers_in_any_spelling() {
    let cases = [
        ("豫政办 〔2016〕203号", Some("豫政办〔2016〕203号")),
        ("晋政办发[2005]28号", Some("晋政办发〔2005〕28号")),
        ("晋政办发（2005）第028", Some("晋政办发〔2005〕28号")),
        ("文号：渝府发〔２０２３〕１５号", Some("渝府发〔2023〕15号")),
        ("国务院令 第711号", Some("国务院令第711号")),
        (
            "国家税务总局公告〔2015〕80号",
            Some("国家税务总局公告2015年第80号"),
        ),
        ("低保申请条件", None),
        ("政府信息公开年度报告 2023", None),
        ("人民政府公告 2023", None),
        ("关于印发2023年工作要点的通知", None),
        ("3月15号", None),
        ("低保金每月15号发放", None),
        ("2023年", None),
        ("第15号", None),
        ("辽政办发〔20〕13号", None),
        ("", None),
        ("   ", None),
    ];
    for (query, expected) in cases {
        assert_eq!(normalize_query(query).as_deref(), expected, "{query:?}");
    }
}

#[test]
fn equality_keeps_the_raw_text_but_same_number_ignores_it() {
    let a = DocNumber::parse("晋政办发[2005]28号").unwrap();
    let b = DocNumber::parse("晋政办发〔2005〕28号").unwrap();
    let c = DocNumber::parse("晋政办发〔2005〕29号").unwrap();
    assert_ne!(a, b);
    assert!(a.same_number(&b));
    assert!(!a.same_number(&c));
}

/// How people type a 文号 when they cannot enter 〔〕: each reads as the number.
#[test]
fn typed_forms_without_brackets() {
    for typed in [
        "云政发 2026 8号",
        "云政发2026第8号",
        "云政发2026-8",
        "云政发2026 8",
        "云政发 2026-8 号",
        "云政发2026.8",
        "云政发2026/8号",
        "云政发２０２６－８",
        "云政发2026—8号",
        "云政发 2026 第 8 号",
        "辽政办发 2020 13号",
    ] {
        let n = DocNumber::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
        let want = if typed.starts_with('辽') {
            "辽政办发〔2020〕13号"
        } else {
            "云政发〔2026〕8号"
        };
        assert_eq!(n.normalized(), want, "{typed}");
    }
    // Still not numbers: no separator, a serial that is not a number, a year out of range.
    for not in [
        "云政发20268号",
        "云政发2026-",
        "云政发1850-8",
        "云政发2026-8号附件",
    ] {
        assert!(DocNumber::parse(not).is_err(), "{not}");
    }
}
