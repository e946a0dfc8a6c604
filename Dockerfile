# syntax=docker/dockerfile:1
# ClaimsLedger API container. PostgreSQL runs elsewhere (see docker-compose.yml) and is named by
# ConnectionStrings__Marten; without it the app would try to start an embedded server, which this image
# deliberately does not carry.

# ---- project files ----
# Every project file under src/ (with the MSBuild files a project imports, e.g. RulesHash.targets), each in its own
# folder, and nothing else: restoring the API restores the projects it references, so all of them must be there, and
# a project added later is picked up without editing this file.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' -delete

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first from the project files and the central build/package settings only, so the restore layer
# is reused until a project or a dependency changes (the copy below changes only when a project file does).
COPY Directory.*.props ./
COPY --from=projects /src/src/ src/
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
# The gen0 budget's floor, as the launch profile sets it (src/ClaimsLedger.Api/Properties/launchSettings.json): the runtime
# reads it from the environment only, and otherwise sizes gen0 from the CPU cache it can read (about 2 MB on a VM that
# shows none, where reads ran 20-40 % slower; README "Configuration").
ENV DOTNET_GCgen0size=0x1000000
EXPOSE 5080

# Non-root: the aspnet image defines the unprivileged `app` user and its id in APP_UID.
USER $APP_UID

ENTRYPOINT ["dotnet", "ClaimsLedger.Api.dll"]
