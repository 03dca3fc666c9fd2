"""serve: the HTTP API (FastAPI, OpenAPI at /docs) and the server-rendered web pages."""

from claimledger.serve.app import create_app, serve

__all__ = ["create_app", "serve"]
