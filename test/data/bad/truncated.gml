# Test fixture: the 11 PoPs and 14 links of the Abilene backbone (2005), coordinates as
# published by the Internet Topology Zoo. Two links carry LinkSpeedRaw; the rest do not.
Creator "ns-3 Digital Twin Network tests"
graph [
  label "AbileneLike"
  directed 0
  node [
    id 0
    label "New York"
    Latitude 40.71427
    Longitude -74.00597
  ]
  node [
    id 1
    label "Chicago"
    Latitud