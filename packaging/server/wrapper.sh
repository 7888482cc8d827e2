#!/bin/sh
# /usr/bin/@COMMAND@ of the koffer-server package: the program in its own environment,
# with the package's settings file unless KOFFER_SERVER_CONFIG or --config says otherwise.
if [ -z "${KOFFER_SERVER_CONFIG:-}" ] && [ -r /etc/koffer-server/server.env ]; then
    KOFFER_SERVER_CONFIG=/etc/koffer-server/server.env
    export KOFFER_SERVER_CONFIG
fi
exec /opt/koffer-server/venv/bin/@COMMAND@ "$@"
