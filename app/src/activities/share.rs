//! Sharing a listing: its public URL, a QR code for paper flyers (SVG made on
//! the server) and schema.org JSON-LD for search engines.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::activities::detail::ActivityDetail;
    use crate::calendar::{Recurrence, Schedule};

    /// QR code of `url` as an SVG document (black on white, quiet zone kept).
    pub fn qr_svg(url: &str) -> String {
        match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
            Ok(code) => code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .dark_color(qrcode::render::svg::Color("#000000"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build(),
            Err(_) => String::new(),
        }
    }

    /// schema.org `Event` with an `eventSchedule` per schedule. `</` is
    /// escaped so the JSON can sit inside a `<script>` element.
    pub fn json_ld(a: &ActivityDetail, url: &str, schedules: &[Schedule]) -> String {
        let day = |d: chrono::Weekday| {
            format!("https://schema.org/{}", match d {
                chrono::Weekday::Mon => "Monday",
                chrono::Weekday::Tue => "Tuesday",
                chrono::Weekday::Wed => "Wednesday",
                chrono::Weekday::Thu => "Thursday",
                chrono::Weekday::Fri => "Friday",
                chrono::Weekday::Sat => "Saturday",
                chrono::Weekday::Sun => "Sunday",
            })
        };
        let event_schedule: Vec<serde_json::Value> = schedules
            .iter()
            .filter_map(|s| {
                let (freq, days, month_days) = match &s.recurrence {
                    Recurrence::Weekly { days } => ("P1W", days.iter().map(|d| day(*d)).collect::<Vec<_>>(), vec![]),
                    Recurrence::MonthlyByWeekday { days, .. } => ("P1M", days.iter().map(|d| day(*d)).collect(), vec![]),
                    Recurrence::MonthlyByDate { dates } => ("P1M", vec![], dates.iter().map(|d| *d as i64).collect()),
                    Recurrence::Irregular { .. } => return None,
                };
                let mut v = serde_json::json!({
                    "@type": "Schedule",
                    "repeatFrequency": freq,
                    "scheduleTimezone": "Asia/Tokyo",
                });
                if !days.is_empty() {
                    v["byDay"] = serde_json::json!(days);
                }
                if !month_days.is_empty() {
                    v["byMonthDay"] = serde_json::json!(month_days);
                }
                if let Some(t) = s.time {
                    v["startTime"] = serde_json::json!(format!("{}:00", t.opens()));
                    v["endTime"] = serde_json::json!(format!("{}:00", t.closes()));
                }
                if let Some(f) = s.valid_from {
                    v["startDate"] = serde_json::json!(f.to_string());
                }
                if let Some(t) = s.valid_to {
                    v["endDate"] = serde_json::json!(t.to_string());
                }
                Some(v)
            })
            .collect();
        let status = match a.status {
            crate::activities::model::ActivityStatus::Active => "https://schema.org/EventScheduled",
            crate::activities::model::ActivityStatus::Paused => "https://schema.org/EventPostponed",
            crate::activities::model::ActivityStatus::Ended => "https://schema.org/EventCancelled",
        };
        let mut place = serde_json::json!({
            "@type": "Place",
            "name": a.location_name,
            "address": { "@type": "PostalAddress", "streetAddress": a.address, "addressCountry": "JP" },
        });
        if let (Some(lat), Some(lon)) = (a.latitude, a.longitude) {
            place["geo"] = serde_json::json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
        }
        let mut v = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": a.name,
            "description": a.description,
            "url": url,
            "inLanguage": "ja",
            "eventStatus": status,
            "eventAttendanceMode": if a.online { "https://schema.org/OnlineEventAttendanceMode" } else { "https://schema.org/OfflineEventAttendanceMode" },
            "location": place,
            "isAccessibleForFree": a.cost_yen == 0,
            "offers": { "@type": "Offer", "price": a.cost_yen, "priceCurrency": "JPY", "url": url },
            "eventSchedule": event_schedule,
        });
        if let Some(o) = &a.organisation {
            v["organizer"] = serde_json::json!({ "@type": "Organization", "name": o });
        }
        crate::feeds::json_ld::script_json(&v)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn qr_is_svg() {
            let svg = qr_svg("https://tsunagu.example.jp/activities/1");
            assert!(svg.contains("<svg") && svg.contains("</svg>"));
        }
    }
}

/// LINE's share link for `url`.
pub fn line_share_url(url: &str) -> String {
    format!("https://social-plugins.line.me/lineit/share?url={}", super::query::encode(url))
}
