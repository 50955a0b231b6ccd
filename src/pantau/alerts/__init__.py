"""Alert delivery: the channels (Telegram, email) and the workspace queue that outlives an outage."""
