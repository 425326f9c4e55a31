#!/usr/bin/env python3
"""Writes Sources/Producer/Server/ProducerOpenAPI.swift from docs/producer-openapi.json, the one document
the producer serves at /openapi.json (ProducerEndToEndTests checks the served text equals the file)."""
import json
import pathlib

repo = pathlib.Path(__file__).resolve().parent.parent
document = json.dumps(json.loads((repo / "docs/producer-openapi.json").read_text()), indent=2) + "\n"
(repo / "docs/producer-openapi.json").write_text(document)
assert '"""#' not in document
(repo / "Sources/Producer/Server/ProducerOpenAPI.swift").write_text(
    "/// The API's OpenAPI 3.1 document, served at `GET /openapi.json` and printed by `nitroforge-producer --openapi`.\n"
    "/// Generated from docs/producer-openapi.json by scripts/render-openapi.py: edit the JSON, then run it.\n"
    "public enum ProducerOpenAPI {\n"
    "    public static let document = #\"\"\"\n" + document.rstrip("\n") + "\n\"\"\"#\n}\n")
