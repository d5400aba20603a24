FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml ./
RUN pip install --no-cache-dir -e .
COPY . .

RUN useradd --system --no-create-home peaceops
USER peaceops
EXPOSE 8000
CMD ["gunicorn", "peaceops.wsgi", "--bind", "0.0.0.0:8000"]
