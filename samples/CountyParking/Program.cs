// County parking-fee collection through the 24 July 2023 kind of day: see README.md ("The county parking sample") and
// `dotnet run --project samples/CountyParking -- --help`.
return await CountyParking.ParkingRun.MainAsync(args, Console.Out, Console.Error);
