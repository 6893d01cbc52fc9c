"""One module per noun: take a unit of work and plain values, apply the rules, write, audit."""
