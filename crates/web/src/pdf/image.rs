//! A seal image made ready for a PDF: a JPEG goes in as it is (PDF reads JPEG); a PNG
//! is decoded to its pixels and its transparency, so the seal's white shows the page
//! beneath. Eight-bit, non-interlaced PNG in any colour type, as seal images are saved.

use std::io::Read;

use gongkai_domain::site::ImageKind;

/// What a PDF needs to draw an image.
pub enum Embedded {
    Jpeg {
        data: Vec<u8>,
        width: u32,
        height: u32,
        gray: bool,
    },
    Pixels {
        width: u32,
        height: u32,
        rgb: Vec<u8>,
        alpha: Option<Vec<u8>>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("印章图片无法读取：{0}")]
    Unreadable(&'static str),
    #[error("印章图片须为8位、非隔行扫描的PNG，或灰度、RGB的JPEG")]
    Unsupported,
}

pub fn prepare(kind: ImageKind, bytes: &[u8]) -> Result<Embedded, ImageError> {
    match kind {
        ImageKind::Jpeg => jpeg(bytes),
        ImageKind::Png => png(bytes),
    }
}

/// The size and components of a JPEG, from its frame header.
fn jpeg(bytes: &[u8]) -> Result<Embedded, ImageError> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return Err(ImageError::Unreadable("JPEG 标记错误"));
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // SOF0–SOF3, SOF5–SOF7, SOF9–SOF11, SOF13–SOF15: frame headers.
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u32::from(u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]));
            let width = u32::from(u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]));
            let components = bytes[i + 9];
            return match components {
                1 | 3 => Ok(Embedded::Jpeg {
                    data: bytes.to_vec(),
                    width,
                    height,
                    gray: components == 1,
                }),
                _ => Err(ImageError::Unsupported),
            };
        }
        i += 2 + len;
    }
    Err(ImageError::Unreadable("未找到 JPEG 帧头"))
}

fn png(bytes: &[u8]) -> Result<Embedded, ImageError> {
    let mut i = 8;
    let (mut width, mut height, mut color) = (0u32, 0u32, 0u8);
    let mut palette: &[u8] = &[];
    let mut trns: &[u8] = &[];
    let mut idat = Vec::new();
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().expect("4 bytes")) as usize;
        let kind = &bytes[i + 4..i + 8];
        let data = bytes
            .get(i + 8..i + 8 + len)
            .ok_or(ImageError::Unreadable("PNG 数据不完整"))?;
        match kind {
            b"IHDR" if len >= 13 => {
                width = u32::from_be_bytes(data[0..4].try_into().expect("4 bytes"));
                height = u32::from_be_bytes(data[4..8].try_into().expect("4 bytes"));
                color = data[9];
                if data[8] != 8 || data[12] != 0 {
                    return Err(ImageError::Unsupported);
                }
            }
            b"PLTE" => palette = data,
            b"tRNS" => trns = data,
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    let channels: usize = match color {
        0 => 1,
        2 => 3,
        3 => 1,
        4 => 2,
        6 => 4,
        _ => return Err(ImageError::Unsupported),
    };
    if width == 0 || height == 0 || width > 4096 || height > 4096 {
        return Err(ImageError::Unreadable("图片尺寸无效"));
    }
    let (w, h) = (width as usize, height as usize);
    let stride = w * channels;
    let mut raw = Vec::with_capacity((stride + 1) * h);
    flate2::read::ZlibDecoder::new(&idat[..])
        .take(((stride + 1) * h) as u64 + 1)
        .read_to_end(&mut raw)
        .map_err(|_| ImageError::Unreadable("PNG 压缩数据错误"))?;
    if raw.len() < (stride + 1) * h {
        return Err(ImageError::Unreadable("PNG 数据不完整"));
    }
    let pixels = unfilter(&raw, stride, h, channels)?;
    let mut rgb = Vec::with_capacity(w * h * 3);
    let mut alpha = Vec::with_capacity(w * h);
    for p in pixels.chunks_exact(channels) {
        let (r, g, b, a) = match color {
            0 => (p[0], p[0], p[0], 255),
            2 => (p[0], p[1], p[2], 255),
            3 => {
                let k = usize::from(p[0]);
                let c = palette
                    .get(3 * k..3 * k + 3)
                    .ok_or(ImageError::Unreadable("PNG 调色板错误"))?;
                (c[0], c[1], c[2], trns.get(k).copied().unwrap_or(255))
            }
            4 => (p[0], p[0], p[0], p[1]),
            _ => (p[0], p[1], p[2], p[3]),
        };
        rgb.extend_from_slice(&[r, g, b]);
        alpha.push(a);
    }
    let opaque = alpha.iter().all(|a| *a == 255);
    Ok(Embedded::Pixels {
        width,
        height,
        rgb,
        alpha: (!opaque).then_some(alpha),
    })
}

/// Undoes the PNG row filters (None, Sub, Up, Average, Paeth).
fn unfilter(raw: &[u8], stride: usize, h: usize, bpp: usize) -> Result<Vec<u8>, ImageError> {
    let mut out = vec![0u8; stride * h];
    for y in 0..h {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= bpp {
                out[y * stride + x - bpp]
            } else {
                0
            };
            let b = if y > 0 { out[(y - 1) * stride + x] } else { 0 };
            let c = if x >= bpp && y > 0 {
                out[(y - 1) * stride + x - bpp]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                _ => return Err(ImageError::Unreadable("PNG 过滤类型错误")),
            };
            out[y * stride + x] = line[x].wrapping_add(predicted);
        }
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's seal: a red ring and star on transparency, 200 × 200.
    #[test]
    fn the_demo_seal_decodes_with_its_transparency() {
        let bytes = include_bytes!("../../../cli/src/demo/seal.png");
        let Embedded::Pixels {
            width,
            height,
            rgb,
            alpha,
        } = prepare(ImageKind::Png, bytes).unwrap()
        else {
            panic!("pixels");
        };
        assert_eq!((width, height), (200, 200));
        let alpha = alpha.expect("transparent");
        // The centre of the star is red and solid; a corner is clear.
        let centre = 100 * 200 + 100;
        assert_eq!(&rgb[3 * centre..3 * centre + 3], &[200, 16, 46]);
        assert!(alpha[centre] > 200 && alpha[0] == 0);
    }

    #[test]
    fn what_cannot_be_read_says_so() {
        assert!(prepare(ImageKind::Png, b"\x89PNG\r\n\x1a\n").is_err());
        assert!(prepare(ImageKind::Jpeg, b"\xFF\xD8\xFF\xE0\x00\x10JFIF").is_err());
    }
}
