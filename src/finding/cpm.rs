//! The rules of the CPM profile that a consumer-presented payload may break without becoming
//! unreadable; `emv::cpm`'s findings check them.

use crate::id::id_enum;

id_enum! {
    /// A rule of the CPM profile that a payload breaks without becoming unreadable.
    #[non_exhaustive]
    pub enum Rule ("a CPM rule id") {
        /// More than two application templates (61).
        ApplicationCount = "application-count",
        /// A common data template (62) next to a single application template.
        CommonDataPlacement = "common-data-placement",
        /// 85, the 61s and 62 are not the first objects, in that order.
        Order = "order",
        /// An application template without an ADF name (4F): readers skip it.
        AidMissing = "aid-missing",
        /// An ADF name (4F) shorter than 5 or longer than 16 bytes: readers skip its template.
        AidLength = "aid-length",
        /// The same data object in an application template and in the common data template.
        CommonDataOverlap = "common-data-overlap",
        /// A data object's length is outside what its format allows.
        Length = "length",
        /// An ans value (50, 5F20, 5F50) holds something other than printable ASCII (50: letters,
        /// digits and spaces).
        Ans = "format-ans",
        /// An an value (5F2D, 9F24) holds something other than letters and digits, or 5F2D is not
        /// whole two-letter codes.
        An = "format-an",
        /// An n value (9F19, 9F25) holds a nibble that is not a decimal digit.
        Numeric = "format-n",
        /// The PAN (5A) is not digits padded with `F`.
        CompressedNumeric = "format-cn",
        /// Track 2 equivalent data (57) does not decode as PAN, `D`, expiry, service code,
        /// discretionary data and `F` padding.
        Track2 = "track2",
    }
}
