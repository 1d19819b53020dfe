"""Requests to the mock's provider paths, sent as any client would, for the tests to look at."""

import http.client
import json

BALANCE_PATH = "/api/v1/lisoloo/sms-api/balance"
SEND_PATH = "/api/v1/lisoloo/sms-api/send"


def call(server, method, target, env="live", headers=None, body=None):
    """(status, decoded JSON body) of one HTTPS request to the mock's `env` listener."""
    connection = http.client.HTTPSConnection(
        server.url("lisoloo", env).removeprefix("https://"), context=server.ssl_context(), timeout=10)
    try:
        connection.request(method, target, headers=headers or {}, body=body)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def get(server, target, env="live", headers=None):
    return call(server, "GET", target, env, headers)
