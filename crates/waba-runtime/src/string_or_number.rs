//! [`StringOrNumber`]: a value a provider documents as a string but may send as a JSON number.

use std::fmt;
use std::str::FromStr;

/// A value a provider documents as a string while its examples (or its service) use a JSON
/// number: ids, phone numbers, codes. Both forms parse; the text is read with
/// [`StringOrNumber::as_str`], and the value is written back in the form it arrived or was
/// built in (a string unless made from a number).
///
/// Generated for component schemas marked `x-waba-string-or-number: true`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringOrNumber {
    text: String,
    number: bool,
}

impl StringOrNumber {
    /// The value as text (`"919988776655"` for both `"919988776655"` and `919988776655`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the value is (or arrived as) a JSON number.
    pub fn is_number(&self) -> bool {
        self.number
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }

    /// A value written as a JSON number.
    pub fn number(n: impl Into<serde_json::Number>) -> Self {
        StringOrNumber {
            text: n.into().to_string(),
            number: true,
        }
    }

    /// A value written as a JSON number, from a float; `None` for NaN and infinities, which
    /// JSON cannot hold.
    pub fn float(n: f64) -> Option<Self> {
        serde_json::Number::from_f64(n).map(Self::number)
    }
}

impl From<&str> for StringOrNumber {
    fn from(text: &str) -> Self {
        StringOrNumber {
            text: text.to_string(),
            number: false,
        }
    }
}

impl From<String> for StringOrNumber {
    fn from(text: String) -> Self {
        StringOrNumber {
            text,
            number: false,
        }
    }
}

impl From<&String> for StringOrNumber {
    fn from(text: &String) -> Self {
        Self::from(text.as_str())
    }
}

impl From<i64> for StringOrNumber {
    fn from(n: i64) -> Self {
        Self::number(n)
    }
}

impl From<u64> for StringOrNumber {
    fn from(n: u64) -> Self {
        Self::number(n)
    }
}

impl FromStr for StringOrNumber {
    type Err = std::convert::Infallible;

    /// Always the string form.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(text))
    }
}

impl fmt::Display for StringOrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for StringOrNumber {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for StringOrNumber {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl serde::Serialize for StringOrNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.number
            && let Ok(n) = serde_json::Number::from_str(&self.text)
        {
            return n.serialize(serializer);
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for StringOrNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = StringOrNumber;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StringOrNumber::from(v))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(StringOrNumber::from(v))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(StringOrNumber::number(v))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(StringOrNumber::number(v))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                StringOrNumber::float(v)
                    .ok_or_else(|| E::custom("a number JSON cannot hold (NaN or infinite)"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_forms_parse_to_the_same_text_and_are_written_back_as_they_came() {
        for (input, text) in [
            (json!("919988776655"), "919988776655"),
            (json!(919988776655_u64), "919988776655"),
            (json!(-12), "-12"),
            (json!(12.90909), "12.90909"),
        ] {
            let v: StringOrNumber = serde_json::from_value(input.clone()).unwrap();
            assert_eq!(v.as_str(), text, "{input}");
            assert_eq!(v.is_number(), input.is_number());
            assert_eq!(serde_json::to_value(&v).unwrap(), input);
        }
    }

    #[test]
    fn other_json_is_refused() {
        for input in [json!(true), json!(null), json!({}), json!([1])] {
            assert!(
                serde_json::from_value::<StringOrNumber>(input.clone()).is_err(),
                "{input}"
            );
        }
    }

    #[test]
    fn built_values_keep_their_form() {
        assert_eq!(
            serde_json::to_value(StringOrNumber::from("94025")).unwrap(),
            json!("94025")
        );
        assert_eq!(
            serde_json::to_value(StringOrNumber::from(94025_i64)).unwrap(),
            json!(94025)
        );
        assert_eq!(
            serde_json::to_value(StringOrNumber::float(6.90808).unwrap()).unwrap(),
            json!(6.90808)
        );
        assert!(StringOrNumber::float(f64::NAN).is_none());
        assert_eq!(StringOrNumber::from("x"), "x");
    }
}
