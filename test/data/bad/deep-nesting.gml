graph [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
a [
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
]
