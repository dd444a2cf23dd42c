from numpy import *
import numpy as _n
pi=_n.pi
