FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# The site's dependencies exactly as locked (make lock), each checked against its hash.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .

RUN useradd --system --no-create-home peaceops \
    && mkdir -p staticfiles downloads && chown peaceops staticfiles downloads
USER peaceops
EXPOSE 8000
# gunicorn.conf.py holds the server settings.
CMD ["gunicorn"]
