"""Production profile: secrets must come from the environment (config.load refuses the defaults)."""
SESSION_COOKIE_SECURE = True
HSTS = True
PREFERRED_URL_SCHEME = "https"
RATELIMIT_STORAGE_URI = "memory://"
