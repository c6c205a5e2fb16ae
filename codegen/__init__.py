"""Generate argo_spec's msgspec models from Argo's pinned OpenAPI specs."""
