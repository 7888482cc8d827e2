"""Both ends of a remote expert session: end-to-end encryption, the channel, the link."""
