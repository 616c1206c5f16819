-- The stored tokens' hashes: JSON shown from disk is redacted of their copies (docs/security.md).
SELECT token_sha256 FROM device_tokens;
