console.log("credkit: under construction");
