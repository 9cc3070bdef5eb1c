//! OCR repair for Swedish text (being built: see issue 3).
