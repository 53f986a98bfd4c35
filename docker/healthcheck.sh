#!/bin/bash
# Readiness probe without curl in the image: one HTTP/1.0 request over bash's /dev/tcp.
# Healthy once /actuator/health/readiness answers 200 (a model is loaded and the service accepts traffic).
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r _ status _ <&3
[ "$status" = "200" ]
