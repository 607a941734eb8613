//! The index's fields.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer::TOKENIZER;

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The document's database id: the key for updates and deletes.
    pub id: Field,
    pub index_number: Field,
    /// The normalised 文号, matched exactly.
    pub doc_number: Field,
    /// Title alone, for the title boost (and its highlight).
    pub title: Field,
    /// Title, summary and body together: what words are searched in.
    pub text: Field,
    /// The folded title (and, for national laws, without 中华人民共和国), matched
    /// whole: a query that is a document's exact title puts it first.
    pub title_key: Field,
    /// The issuing organisation and all its ancestors, for subtree filters.
    pub org: Field,
    pub category: Field,
    pub topic: Field,
    pub validity: Field,
    /// Year of publication.
    pub year: Field,
    /// Publication date as days since 1970-01-01, for sorting by date.
    pub published: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let zh = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        index_number: b.add_text_field("index_number", STRING | STORED),
        doc_number: b.add_text_field("doc_number", STRING),
        title: b.add_text_field("title", zh.clone()),
        text: b.add_text_field("text", zh),
        title_key: b.add_text_field("title_key", STRING),
        org: b.add_u64_field("org", INDEXED),
        category: b.add_text_field("category", STRING),
        topic: b.add_text_field("topic", STRING),
        validity: b.add_text_field("validity", STRING),
        year: b.add_u64_field("year", INDEXED | FAST),
        published: b.add_i64_field("published", FAST),
    };
    (b.build(), fields)
}
