package confirm

import cp1252pkg "github.com/o2c-project/o2c/cp1252"

// cp1252 encodes text for the PDF's core fonts: see package cp1252.
var cp1252 = cp1252pkg.Encode
