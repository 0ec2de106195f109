//! Recipients: a [`PhoneNumber`] (normalised to its digits, checked against E.164) or a
//! provider's own id of the recipient, and which of the two a [`Backend`](crate::Backend)
//! addresses ([`RecipientKind`]). The [`Client`](crate::Client) checks the recipient the same
//! way for every provider before anything is sent; each adapter then writes it in its
//! provider's form (with or without `+`).

use std::fmt;
use std::str::FromStr;

use waba_runtime::check::ValidationError;

/// A phone number in international format, normalised to its digits: country code and
/// number, as E.164 numbers them (7 to 15 digits).
///
/// [`PhoneNumber::parse`] drops spaces, dashes, dots and parentheses, and a leading `+` or
/// `00` (the international prefix); what is left must be digits only. A number without `+`
/// or `00` is read as international already (`4915112345678`): a national number
/// (`0151 12345678`) is refused, since no country code starts with 0.
///
/// ```
/// use waba::PhoneNumber;
///
/// let number = PhoneNumber::parse("+49 (151) 123-45678")?;
/// assert_eq!(number.digits(), "4915112345678");
/// assert_eq!(number.e164(), "+4915112345678");
/// assert_eq!(PhoneNumber::parse("0049.151.12345678")?, number);
///
/// assert!(PhoneNumber::parse("0151 12345678").is_err()); // national format
/// assert!(PhoneNumber::parse("+49 151").is_err()); // too short
/// assert!(PhoneNumber::parse("call me").is_err());
/// # Ok::<(), waba::PhoneNumberError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber {
    digits: String,
}

impl PhoneNumber {
    /// The fewest digits accepted: a 3-digit country code and a 4-digit number, as small
    /// numbering plans have (Niue, +683). Fewer digits cannot be a complete international
    /// number; more may still not exist, which only the provider can tell.
    pub const MIN_DIGITS: usize = 7;

    /// The most digits E.164 allows (ITU-T E.164, section 6: country code and national
    /// number together).
    pub const MAX_DIGITS: usize = 15;

    /// Reads a phone number in international format: see [`PhoneNumber`] for what is
    /// accepted and dropped.
    pub fn parse(input: &str) -> Result<PhoneNumber, PhoneNumberError> {
        let input = input.trim();
        let (plus, rest) = match input.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '-' | '.' | '(' | ')' => {}
                c if c.is_whitespace() => {}
                c => return Err(PhoneNumberError::Character(c)),
            }
        }
        if !plus && digits.starts_with("00") {
            digits.drain(..2);
        }
        if digits.is_empty() {
            return Err(PhoneNumberError::Empty);
        }
        if digits.starts_with('0') {
            return Err(PhoneNumberError::NotInternational);
        }
        let count = digits.len();
        if count < Self::MIN_DIGITS {
            return Err(PhoneNumberError::TooShort { digits: count });
        }
        if count > Self::MAX_DIGITS {
            return Err(PhoneNumberError::TooLong { digits: count });
        }
        Ok(PhoneNumber { digits })
    }

    /// The digits: country code and number, without `+` (`4915112345678`), as 360dialog,
    /// Onextel and Mehery take it.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The number with a leading `+` (`+4915112345678`), as Channel360's notifications and
    /// Desk360 take it.
    pub fn e164(&self) -> String {
        format!("+{}", self.digits)
    }
}

impl fmt::Display for PhoneNumber {
    /// The [`e164`](PhoneNumber::e164) form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.digits)
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PhoneNumber::parse(s)
    }
}

/// Why a string is not a [`PhoneNumber`]. The messages never repeat the number given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PhoneNumberError {
    /// There are no digits at all.
    Empty,
    /// A character that is neither a digit nor a separator (space, dash, dot, parenthesis),
    /// nor a leading `+`.
    Character(char),
    /// The digits start with 0 after the international prefix: a national number, or a
    /// prefix written twice. No country code starts with 0.
    NotInternational,
    /// Fewer than [`PhoneNumber::MIN_DIGITS`] digits.
    TooShort {
        /// How many digits there are.
        digits: usize,
    },
    /// More than [`PhoneNumber::MAX_DIGITS`] digits.
    TooLong {
        /// How many digits there are.
        digits: usize,
    },
}

impl fmt::Display for PhoneNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneNumberError::Empty => f.write_str(
                "has no digits: give a phone number in international format (+4915112345678)",
            ),
            PhoneNumberError::Character(c) => write!(
                f,
                "contains {c:?}: a phone number has digits, spaces, dashes, dots, parentheses and \
                 a leading + or 00 only"
            ),
            PhoneNumberError::NotInternational => f.write_str(
                "starts with 0: give the number in international format, country code first \
                 (+49 151…, not 0151…)",
            ),
            PhoneNumberError::TooShort { digits } => write!(
                f,
                "has {digits} digits, at least {} required (country code and number)",
                PhoneNumber::MIN_DIGITS
            ),
            PhoneNumberError::TooLong { digits } => write!(
                f,
                "has {digits} digits, at most {} allowed (E.164)",
                PhoneNumber::MAX_DIGITS
            ),
        }
    }
}

impl std::error::Error for PhoneNumberError {}

/// What a [`Backend`](crate::Backend) sends a message to, as
/// [`Backend::recipient_kind`](crate::Backend::recipient_kind) says: the
/// [`Client`](crate::Client) checks the recipient accordingly before it calls the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecipientKind {
    /// A phone number: checked and normalised by [`PhoneNumber::parse`]; the backend is given
    /// its [`digits`](PhoneNumber::digits). Every provider's templates, and the text and
    /// media of all providers but Channel360.
    Phone,
    /// An id the provider gave the recipient (Channel360's text and media go to the app user
    /// id of the conversation): checked as an id (not empty, no whitespace, control
    /// characters, `/`, `?` or `#`) and given to the backend as given, trimmed.
    ProviderId,
}

impl RecipientKind {
    /// Checks `to` as this kind of recipient and returns what the backend is given: the
    /// digits of a phone number, or the trimmed id. A refusal names the field `to`.
    ///
    /// ```
    /// use waba::RecipientKind;
    ///
    /// assert_eq!(RecipientKind::Phone.check("+49 151 1234-5678").unwrap(), "4915112345678");
    /// assert_eq!(RecipientKind::ProviderId.check(" 5e7a1b2c3d4e5f6a ").unwrap(), "5e7a1b2c3d4e5f6a");
    /// let refused = RecipientKind::ProviderId.check("5e7a 1b2c").unwrap_err();
    /// assert_eq!(refused.path, "to");
    /// ```
    pub fn check(self, to: &str) -> Result<String, ValidationError> {
        let refused = |message: String| ValidationError {
            path: "to".to_string(),
            message,
        };
        match self {
            RecipientKind::Phone => PhoneNumber::parse(to)
                .map(|number| number.digits)
                .map_err(|e| refused(format!("is not a phone number: it {e}"))),
            RecipientKind::ProviderId => {
                let id = to.trim();
                if id.is_empty() {
                    return Err(refused(
                        "is empty: give the provider's id of the recipient".to_string(),
                    ));
                }
                if let Some(c) = id
                    .chars()
                    .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '?' | '#'))
                {
                    let what = if c.is_whitespace() {
                        "whitespace".to_string()
                    } else {
                        format!("{c:?}")
                    };
                    return Err(refused(format!(
                        "contains {what}: a recipient id has no whitespace, control characters, \
                         `/`, `?` or `#`"
                    )));
                }
                Ok(id.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_the_international_prefix_are_dropped() {
        for input in [
            "4915112345678",
            "+4915112345678",
            "+49 151 12345678",
            "+49-151-123-456-78",
            "+49.151.12345678",
            "+49 (151) 123-45678",
            "0049 151 12345678",
            "  +49\u{a0}151\t12345678 ",
        ] {
            let number = PhoneNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(number.digits(), "4915112345678", "{input:?}");
            assert_eq!(number.e164(), "+4915112345678", "{input:?}");
            assert_eq!(number.to_string(), "+4915112345678", "{input:?}");
        }
    }

    #[test]
    fn what_is_not_a_phone_number_is_refused_with_its_reason() {
        for (input, error) in [
            ("", PhoneNumberError::Empty),
            ("+", PhoneNumberError::Empty),
            ("00", PhoneNumberError::Empty),
            (" ( ) - ", PhoneNumberError::Empty),
            ("abc", PhoneNumberError::Character('a')),
            ("+49 151 1234567x", PhoneNumberError::Character('x')),
            ("49+15112345678", PhoneNumberError::Character('+')),
            ("++4915112345678", PhoneNumberError::Character('+')),
            ("+49/151/12345678", PhoneNumberError::Character('/')),
            ("0151 12345678", PhoneNumberError::NotInternational),
            ("+0049 151 12345678", PhoneNumberError::NotInternational),
            ("000 49 151 12345678", PhoneNumberError::NotInternational),
            ("+49 151", PhoneNumberError::TooShort { digits: 5 }),
            ("+683 400", PhoneNumberError::TooShort { digits: 6 }),
            (
                "+49 151 12345678901",
                PhoneNumberError::TooLong { digits: 16 },
            ),
        ] {
            assert_eq!(PhoneNumber::parse(input), Err(error), "{input:?}");
        }
    }

    #[test]
    fn the_shortest_and_longest_numbers_are_accepted() {
        assert_eq!(PhoneNumber::parse("+683 4002").unwrap().digits(), "6834002");
        let longest = "+49 151 1234567890";
        assert_eq!(PhoneNumber::parse(longest).unwrap().digits().len(), 15);
    }

    #[test]
    fn normalised_digits_read_back_as_themselves() {
        let digits = RecipientKind::Phone.check("+49 (151) 123-45678").unwrap();
        assert_eq!(RecipientKind::Phone.check(&digits).unwrap(), digits);
    }

    #[test]
    fn refusals_name_the_field_and_never_repeat_the_number() {
        let e = RecipientKind::Phone
            .check("+49 151 12345678901")
            .unwrap_err();
        assert_eq!(e.path, "to");
        assert_eq!(
            e.message,
            "is not a phone number: it has 16 digits, at most 15 allowed (E.164)"
        );
        assert!(!e.to_string().contains("12345678901"), "{e}");
    }

    #[test]
    fn ids_are_trimmed_and_refused_with_whitespace_or_path_characters() {
        assert_eq!(
            RecipientKind::ProviderId.check("\t5e7a1b2c3d4e5f6a7b8c9d0e\n"),
            Ok("5e7a1b2c3d4e5f6a7b8c9d0e".to_string())
        );
        // An id is not a phone number: it is passed on as it is.
        assert_eq!(
            RecipientKind::ProviderId.check("+4915112345678"),
            Ok("+4915112345678".to_string())
        );
        for id in [
            "",
            "   ",
            "5e7a 1b2c",
            "5e7a\u{a0}1b2c",
            "a/b",
            "a?b=c",
            "a#b",
            "a\u{7}b",
        ] {
            let e = RecipientKind::ProviderId.check(id).unwrap_err();
            assert_eq!(e.path, "to", "{id:?}");
        }
    }
}
