//! Text flowing down the 版心 line by line, page after page: what the gazette, the
//! handbook and the notice board share.

use super::layout::{PAGE_H, Run, TEXT_H, TOP};

/// Rows down the text block of A4 pages, `line` points apart.
pub struct Cursor {
    pub page: usize,
    pub row: usize,
    line: f32,
}

impl Cursor {
    pub fn new(page: usize, line: f32) -> Self {
        Self { page, row: 0, line }
    }
    /// Rows on a page.
    pub fn lines(&self) -> usize {
        (TEXT_H / self.line) as usize
    }
    pub fn baseline(&self) -> f32 {
        PAGE_H - TOP - self.row as f32 * self.line - 0.8 * self.line
    }
    pub fn next(&mut self) {
        self.row += 1;
        if self.row >= self.lines() {
            self.page += 1;
            self.row = 0;
        }
    }
    /// Moves to a new page unless `n` more rows fit on this one.
    pub fn keep(&mut self, n: usize) {
        if self.row + n > self.lines() {
            self.page += 1;
            self.row = 0;
        }
    }
    pub fn new_page(&mut self) {
        if self.row > 0 {
            self.page += 1;
            self.row = 0;
        }
    }
    /// Pages used so far.
    pub fn pages(&self) -> usize {
        if self.row == 0 {
            self.page
        } else {
            self.page + 1
        }
    }
}

/// Black upright text.
pub fn run(page: usize, text: String, size: f32, x: f32, y: f32) -> Run {
    Run {
        page,
        text,
        size,
        x,
        y,
        spacing: 0.0,
        gray: 0.0,
        angle: 0.0,
    }
}
