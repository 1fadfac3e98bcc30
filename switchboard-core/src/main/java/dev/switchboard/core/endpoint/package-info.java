/**
 * The endpoint port: how the switch drives the legs of its calls and hears back from them. A phone, a trunk, the
 * simulator's customers and the virtual endpoint of a GWS-only device are all adapters of {@link
 * dev.switchboard.core.endpoint.Endpoint}; {@link dev.switchboard.core.endpoint.Endpoints} says which one carries a new
 * leg. Depends on nothing but the published vocabulary ({@code view}) and the directory.
 */
package dev.switchboard.core.endpoint;
