//! Photos uploaded from phones. The file's content decides what it is (not
//! its name); the picture is turned upright by its EXIF orientation, scaled
//! to a few widths and re-encoded from pixels, so nothing of the original
//! file — EXIF with GPS position, XMP, comments — is kept.
//!
//! Output is JPEG only (quality 82): the pure-Rust `image` crate encodes
//! WebP losslessly, several times larger than a JPEG for a photo, which
//! would cost residents on slow connections more, not less.
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest upload accepted.
pub const MAX_BYTES: usize = 15 * 1024 * 1024;
/// Largest picture accepted (pixels), against decompression bombs.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Widths kept for `srcset`.
pub const WIDTHS: [u32; 3] = [320, 640, 1280];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    TooLarge { max_bytes: usize },
    NotAnImage,
    UnsupportedFormat(String),
    TooManyPixels { width: u32, height: u32 },
    Corrupt,
}

impl ImageError {
    /// What to fix, in the person's language.
    pub fn message(&self, lang: &str) -> String {
        let en = lang == "en";
        match self {
            ImageError::TooLarge { max_bytes } => {
                let mb = max_bytes / (1024 * 1024);
                if en {
                    format!("The photo file is too large (up to {mb} MB). Please choose a smaller one or reduce its size.")
                } else {
                    format!("写真のファイルが大きすぎます（{mb}MBまで）。小さいものを選ぶか、サイズを縮小してください。")
                }
            }
            ImageError::NotAnImage => {
                if en { "This file is not a picture. Please choose a photo (JPEG, PNG or WebP).".into() } else { "このファイルは画像ではありません。写真（JPEG・PNG・WebP）を選んでください。".into() }
            }
            ImageError::UnsupportedFormat(f) => {
                if en {
                    format!("{f} pictures cannot be used. Please choose JPEG, PNG or WebP (on an iPhone: Settings › Camera › Formats › Most Compatible).")
                } else {
                    format!("{f} 形式の画像は使えません。JPEG・PNG・WebP を選んでください（iPhone では 設定 › カメラ › フォーマット ›「互換性優先」）。")
                }
            }
            ImageError::TooManyPixels { width, height } => {
                if en {
                    format!("The picture is too big ({width}×{height} pixels). Please use one of at most 50 megapixels.")
                } else {
                    format!("画像の画素数が多すぎます（{width}×{height}）。5000万画素以下の画像にしてください。")
                }
            }
            ImageError::Corrupt => {
                if en { "The picture could not be read (the file may be damaged). Please try another.".into() } else { "画像を読み取れませんでした（ファイルが壊れている可能性があります）。別の画像でお試しください。".into() }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// JPEG bytes.
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub width: u32,
    pub height: u32,
    /// Narrowest first; never wider than the (upright) original.
    pub variants: Vec<Variant>,
}

fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() > 12 && &bytes[4..8] == b"ftyp" && [b"heic", b"heix", b"heif", b"mif1", b"msf1", b"avif"].iter().any(|b| &bytes[8..12] == *b)
}

pub fn process(bytes: &[u8], widths: &[u32]) -> Result<Processed, ImageError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImageError::TooLarge { max_bytes: MAX_BYTES });
    }
    if is_heif(bytes) {
        return Err(ImageError::UnsupportedFormat(if bytes[8..12] == *b"avif" { "AVIF" } else { "HEIC" }.into()));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| ImageError::NotAnImage)?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(other) => return Err(ImageError::UnsupportedFormat(format!("{other:?}").to_uppercase())),
        None => return Err(ImageError::NotAnImage),
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| ImageError::Corrupt)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ImageError::TooManyPixels { width: w, height: h });
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| ImageError::Corrupt)?;
    img.apply_orientation(orientation);
    let img = DynamicImage::ImageRgb8(img.to_rgb8());
    let (width, height) = (img.width(), img.height());
    let mut targets: Vec<u32> = widths.iter().map(|&t| t.min(width)).filter(|&t| t > 0).collect();
    targets.sort_unstable();
    targets.dedup();
    let mut variants = Vec::new();
    for t in targets {
        let th = ((u64::from(height) * u64::from(t) + u64::from(width) / 2) / u64::from(width)).max(1) as u32;
        let scaled = if t == width { img.clone() } else { img.resize_exact(t, th, image::imageops::FilterType::Triangle) };
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
            .encode_image(&scaled)
            .map_err(|_| ImageError::Corrupt)?;
        variants.push(Variant { width: scaled.width(), height: scaled.height(), bytes: out });
    }
    Ok(Processed { width, height, variants })
}

/// Test pictures (also used by the server's HTTP tests): a JPEG, and the
/// same with an EXIF block holding an orientation and GPS data whose map
/// datum reads `GPSSECRT`.
#[doc(hidden)]
pub mod fixtures {
    pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 128]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img).unwrap();
        out
    }

    /// An EXIF APP1 segment with IFD0 {Orientation, GPS pointer} and a GPS IFD
    /// holding a latitude reference "N" and a marker string.
    pub fn exif_app1(orientation: u16) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big endian, IFD0 at 8
        tiff.extend_from_slice(&2u16.to_be_bytes()); // 2 entries
        // Orientation (0x0112), SHORT, 1, value
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]);
        // GPS IFD pointer (0x8825), LONG, 1, offset 38
        tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
        tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        assert_eq!(tiff.len(), 38);
        tiff.extend_from_slice(&2u16.to_be_bytes());
        // GPSLatitudeRef (1), ASCII, 2, "N\0"
        tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        // GPSMapDatum (0x12), ASCII, 8, at offset 68: "GPSSECRT"
        tiff.extend_from_slice(&[0, 0x12, 0, 2, 0, 0, 0, 8, 0, 0, 0, 68]);
        tiff.extend_from_slice(&0u32.to_be_bytes());
        assert_eq!(tiff.len(), 68);
        tiff.extend_from_slice(b"GPSSECRT");
        let mut seg = vec![0xFF, 0xE1];
        let len = (2 + 6 + tiff.len()) as u16;
        seg.extend_from_slice(&len.to_be_bytes());
        seg.extend_from_slice(b"Exif\0\0");
        seg.extend_from_slice(&tiff);
        seg
    }

    pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec(); // SOI
        out.extend(exif_app1(orientation));
        out.extend_from_slice(&jpeg[2..]);
        out
    }

}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn exif_and_gps_are_gone_after_processing() {
        let input = with_exif(&jpeg(40, 30), 1);
        assert!(contains(&input, b"Exif\0\0") && contains(&input, b"GPSSECRT"), "the test photo carries GPS data");
        let out = process(&input, &WIDTHS).unwrap();
        assert_eq!((out.width, out.height), (40, 30));
        for v in &out.variants {
            assert!(!contains(&v.bytes, b"Exif") && !contains(&v.bytes, b"GPSSECRT"));
            assert_eq!(&v.bytes[..2], &[0xFF, 0xD8]);
        }
    }

    #[test]
    fn orientation_six_turns_the_picture_upright() {
        let out = process(&with_exif(&jpeg(20, 10), 6), &[1280]).unwrap();
        assert_eq!((out.width, out.height), (10, 20));
    }

    #[test]
    fn widths_are_never_upscaled() {
        let out = process(&jpeg(500, 250), &WIDTHS).unwrap();
        let widths: Vec<_> = out.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(widths, vec![(320, 160), (500, 250)]);
    }

    #[test]
    fn bad_uploads_are_refused_with_a_reason() {
        assert_eq!(process(&vec![0u8; MAX_BYTES + 1], &WIDTHS), Err(ImageError::TooLarge { max_bytes: MAX_BYTES }));
        assert_eq!(process(b"hello, this is a text file", &WIDTHS), Err(ImageError::NotAnImage));
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        assert_eq!(process(&heic, &WIDTHS), Err(ImageError::UnsupportedFormat("HEIC".into())));
        // a PNG header claiming 100000 × 100000 pixels: refused before decoding
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert!(matches!(process(&png, &WIDTHS), Err(ImageError::TooManyPixels { .. } | ImageError::Corrupt)));
        let mut cut = jpeg(40, 30);
        cut.truncate(60);
        assert!(process(&cut, &WIDTHS).is_err());
        assert!(ImageError::TooLarge { max_bytes: MAX_BYTES }.message("ja").contains("15MB"));
    }
}
