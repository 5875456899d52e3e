"""The HSDS 3.0 API (HSDA) of ../shared/hsds-3.0/openapi.json: every path, every parameter."""
