"""Reference for `reps` speed (issue 14): the short numpy + scipy script a person would write.
Loads t,ax,ay,az CSV, takes the magnitude, a 5th-order 0.4 Hz low-pass Butterworth filtfilt,
and counts local maxima above the mean. Usage: python3 bench/reference_reps.py FILE.acc.csv"""
import sys

import numpy as np
from scipy.signal import argrelextrema, butter, filtfilt

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
t = data[:, 0]
mag = np.sqrt(data[:, 1] ** 2 + data[:, 2] ** 2 + data[:, 3] ** 2)
rate = (len(t) - 1) / (t[-1] - t[0])
b, a = butter(5, 0.4 / (rate / 2), btype="low")
smooth = filtfilt(b, a, mag)
peaks = argrelextrema(smooth, np.greater, order=int(rate))[0]
peaks = peaks[smooth[peaks] > smooth.mean()]
print(len(peaks))
