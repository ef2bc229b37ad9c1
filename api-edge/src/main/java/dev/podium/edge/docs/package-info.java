/**
 * The REST contract: the OpenAPI 3.1 document of every route ({@code /openapi.yaml},
 * {@code /openapi.json}) and its browsable page ({@code /docs}), served without a token.
 */
package dev.podium.edge.docs;
