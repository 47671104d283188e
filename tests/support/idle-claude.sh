#!/bin/sh
# A session program that does nothing: the benchmark runs the session's MCP proxy itself.
exec sleep 2147483647
