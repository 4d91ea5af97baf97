graph [
  node [ id 0 label "Rÿþ1" ]
  node [ id 1 label "R2" ]
  edge [ source 0 target 1 ]
]
