import Slope
print("slope")
