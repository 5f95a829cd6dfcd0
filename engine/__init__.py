"""Pure-NumPy convolution arithmetic that steps, narrates and agrees with torch.

The engine never imports textual, rich or torch.
"""
