# Test fixture: three routers in a triangle, 10 Mbit/s links; A-C is the short path.
Creator "ns-3 Digital Twin Network tests"
graph [
  label "Triangle"
  directed 0
  node [ id 0 label "A" Latitude 50.0 Longitude 8.0 ]
  node [ id 1 label "B" Latitude 51.0 Longitude 9.0 ]
  node [ id 2 label "C" Latitude 50.0 Longitude 10.0 ]
  edge [ source 0 target 1 LinkSpeedRaw 10000000.0 ]
  edge [ source 1 target 2 LinkSpeedRaw 10000000.0 ]
  edge [ source 0 target 2 LinkSpeedRaw 10000000.0 ]
]
