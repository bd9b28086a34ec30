-- wrk prints these after its own report: latency percentiles in microseconds, and the count.
done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("pacer-p%d %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("pacer-max %d\n", latency.max))
end
