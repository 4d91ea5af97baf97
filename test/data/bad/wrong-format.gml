{
  "ietf-network:networks": { "network": [ { "network-id": "not-gml" } ] }
}
