//! 体裁 (文种): the kind of document, as its title ends — "关于…的通知" is a 通知,
//! "云溪县…管理办法（试行）" a 办法. The 政府信息公开目录 lets readers filter by it.

/// The kinds a 目录 offers, from the 15 of 《党政机关公文处理工作条例》 Art.8 that
/// governments publish, and the forms of normative documents.
pub const GENRES: [&str; 16] = [
    "通知", "决定", "意见", "通告", "公告", "通报", "报告", "批复", "函", "纪要", "办法", "规定",
    "细则", "方案", "规划", "决议",
];

/// The kind of a document by its title: the genre the title ends with, before any
/// bracketed note ("（试行）", "（2024年修订）").
pub fn genre_of(title: &str) -> Option<&'static str> {
    let mut t = title.trim();
    while let Some(stripped) = t.strip_suffix('）') {
        match stripped.rfind('（') {
            Some(i) => t = stripped[..i].trim_end(),
            None => break,
        }
    }
    GENRES.iter().copied().find(|g| t.ends_with(g))
}

/// The SQL `LIKE` patterns a title of `genre` matches: ending in it, or in it followed
/// by one bracketed note.
pub fn title_patterns(genre: &str) -> [String; 2] {
    [format!("%{genre}"), format!("%{genre}（%）")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_says_what_kind_of_document_it_is() {
        assert_eq!(
            genre_of("云溪县人民政府关于做好冬季供暖保障工作的通知"),
            Some("通知")
        );
        assert_eq!(
            genre_of("关于印发《云溪县最低生活保障实施办法》的通知"),
            Some("通知"),
            "the carrier, not the text it carries"
        );
        assert_eq!(genre_of("云溪县农村集体资产管理办法（试行）"), Some("办法"));
        assert_eq!(genre_of("云溪县城市管理规定（2024年修订）"), Some("规定"));
        assert_eq!(genre_of("关于某某同志任职的批复"), Some("批复"));
        assert_eq!(genre_of("2025年政府信息公开工作年度报告"), Some("报告"));
        assert_eq!(genre_of("云溪县2025年财政预算执行情况"), None);
    }
}
