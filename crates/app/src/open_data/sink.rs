//! One table written twice as it is read, as JSON Lines and as CSV, both gzip.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use gongkai_domain::channels::open_data::Table;
use serde_json::{Map, Number, Value};

use crate::{AppError, AppResult};

pub(super) struct Sink {
    table: Table,
    jsonl: GzEncoder<Vec<u8>>,
    csv: GzEncoder<Vec<u8>>,
    count: i64,
}

/// A table's two files and its count of records.
pub(super) struct Written {
    pub jsonl: Vec<u8>,
    pub csv: Vec<u8>,
    pub count: i64,
}

fn write_err(e: std::io::Error) -> AppError {
    AppError::Internal(format!("数据集生成失败：{e}"))
}

impl Sink {
    pub fn new(table: Table) -> AppResult<Sink> {
        let gz = || GzEncoder::new(Vec::new(), Compression::default());
        let mut csv = gz();
        csv.write_all(&crate::csv::table(
            table.fields(),
            Vec::<Vec<String>>::new(),
        ))
        .map_err(write_err)?;
        Ok(Sink {
            table,
            jsonl: gz(),
            csv,
            count: 0,
        })
    }

    /// A record: one value per field of the table, in its order. The numeric fields
    /// are JSON numbers (null when empty); everything else a string.
    pub fn push(&mut self, values: &[String]) -> AppResult<()> {
        let fields = self.table.fields();
        debug_assert_eq!(values.len(), fields.len());
        let numeric = self.table.numeric();
        let line: Map<String, Value> = fields
            .iter()
            .zip(values)
            .map(|(k, v)| {
                let value = if numeric.contains(k) {
                    match v.parse::<Number>() {
                        Ok(n) => Value::Number(n),
                        Err(_) if v.is_empty() => Value::Null,
                        Err(_) => Value::String(v.clone()),
                    }
                } else {
                    Value::String(v.clone())
                };
                ((*k).to_owned(), value)
            })
            .collect();
        self.jsonl
            .write_all(Value::Object(line).to_string().as_bytes())
            .and_then(|()| self.jsonl.write_all(b"\n"))
            .map_err(write_err)?;
        self.csv
            .write_all(crate::csv::row(values).as_bytes())
            .map_err(write_err)?;
        self.count += 1;
        Ok(())
    }

    pub fn finish(self) -> AppResult<Written> {
        Ok(Written {
            jsonl: self.jsonl.finish().map_err(write_err)?,
            csv: self.csv.finish().map_err(write_err)?,
            count: self.count,
        })
    }
}
