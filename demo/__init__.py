"""Demo and generated data: the partnership's 2022/23 story, scale generation and a shared test partnership."""
