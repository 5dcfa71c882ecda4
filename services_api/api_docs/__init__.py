"""The interactive API docs: Swagger UI from the package's own pinned copy, no CDN.

static/swagger-ui/ holds files of the npm package swagger-ui-dist 5.35.0 as published
(npm pack swagger-ui-dist@5.35.0, integrity sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/
EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==) and their SHA256SUMS, which a test checks
against what is served. To update: npm pack the new version, copy the same files, regenerate
SHA256SUMS (sha256sum), and change the version here and in the tests.
"""
