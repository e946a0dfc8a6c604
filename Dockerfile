# syntax=docker/dockerfile:1
# ClaimsLedger API container. PostgreSQL runs elsewhere (see docker-compose.yml) and is named by
# ConnectionStrings__Marten; without it the app would try to start an embedded server, which this image
# deliberately does not carry.

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first from the project files and the central build/package settings only, so the restore layer
# is reused until a dependency changes. Every project the API references must be here: publish does not restore.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ClaimsLedger.Api/ClaimsLedger.Api.csproj src/ClaimsLedger.Api/
COPY src/ClaimsLedger.Extraction/ClaimsLedger.Extraction.csproj src/ClaimsLedger.Extraction/
COPY src/ClaimsLedger.EmbeddedPostgres/ClaimsLedger.EmbeddedPostgres.csproj src/ClaimsLedger.EmbeddedPostgres/
RUN dotnet restore src/ClaimsLedger.Api/ClaimsLedger.Api.csproj

# The seed corpus is copied beside the binaries by the csproj (../../seeds/**), so it must be in the context.
COPY seeds/ seeds/
COPY src/ src/
RUN dotnet publish src/ClaimsLedger.Api -c Release -o /app --no-restore /p:UseAppHost=false

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# curl serves the container health check (GET /health); the aspnet image ships neither curl nor wget.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app ./

# Listen on all interfaces inside the container (the app's default is 127.0.0.1, unreachable from outside).
ENV Urls=http://0.0.0.0:5080
EXPOSE 5080

# Non-root: the aspnet image defines the unprivileged `app` user and its id in APP_UID.
USER $APP_UID

ENTRYPOINT ["dotnet", "ClaimsLedger.Api.dll"]
