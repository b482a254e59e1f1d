//! QR decoding: turns images and camera frames into the text payloads they carry.
