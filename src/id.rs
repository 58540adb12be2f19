//! Stable ids: every enum whose values appear in reports, JSON and test vectors (error kinds,
//! providers, forms, rules, wallets…) is declared through [`id_enum!`], so that all of them
//! have the same kebab-case ids, `ALL`, `id()`, `Display`, `FromStr` and serde by id.

//!
//! This file imports nothing, so that the error module can declare `ErrorKind` with it; the
//! `FromStr` error comes from `error::wrong_value` where the macro is used.

/// An enum of stable kebab-case ids, with `ALL` (declaration order), `id()`, `Display`,
/// `FromStr` (the crate's [`Error`] naming every allowed id) and serde by id. Attributes
/// before `pub enum` (docs, `#[non_exhaustive]`) are the enum's own.
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $id:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub enum $name {
            $( $(#[$vmeta])* #[cfg_attr(feature = "serde", serde(rename = $id))] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable kebab-case id.
            pub const fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)+
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::Error;

            /// Parses a stable id; anything else is a `WrongFormat` error that lists the ids.
            fn from_str(s: &str) -> $crate::Result<$name> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.id() == s)
                    .ok_or_else(|| $crate::error::wrong_value($what, concat!("one of" $(, " ", $id)+), s, 0))
            }
        }
    };
}
pub(crate) use id_enum;
