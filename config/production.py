"""Production profile: secrets must come from the environment (config.load refuses the defaults), and so must a
shared rate-limit store (RATELIMIT_STORAGE_URI, e.g. redis://) unless PORTAL_SINGLE_PROCESS declares one process."""
SESSION_COOKIE_SECURE = True
HSTS = True
PREFERRED_URL_SCHEME = "https"
