// What nearly every feature file uses: the ledger's command path and HTTP helpers, Marten's sessions, Wolverine's
// handlers and endpoints, and ASP.NET Core's MVC metadata attributes.
global using System.ComponentModel.DataAnnotations;
global using ClaimsLedger.Api.Commands;
global using ClaimsLedger.Api.Http;
global using Marten;
global using Microsoft.AspNetCore.Mvc;
global using Wolverine;
global using Wolverine.Http;
global using Wolverine.Marten;
global using Wolverine.Persistence;
