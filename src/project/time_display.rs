use std::time::SystemTime;

/// A moment as people read it: local date and time to the second.
pub fn display_time(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(timestamp) => timestamp
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => "(unknown time)".to_owned(),
    }
}
