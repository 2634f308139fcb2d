namespace Cais.Integration.Tests;
