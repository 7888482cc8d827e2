"""Both ends of the town-hall link: wire protocol, client and the backend server."""
